// Every test of this project belongs to one layer, so it can run alone: ./test.sh --filter Layer=Storage
[assembly: AssemblyTrait("Layer", "Storage")]
