using System.Xml.Linq;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace HubRealtime.Server.Hosting;

/// <summary>
/// Keeps the Data Protection key ring in an Azure Table, so every silo of a cluster shares it and a
/// restart signs nobody out. Keys are only ever added (Data Protection never edits an element).
/// </summary>
internal sealed class AzureTableXmlRepository(TableClient table) : IXmlRepository
{
    private const string Partition = "keys";
    private readonly Lazy<bool> _created = new(() =>
    {
        table.CreateIfNotExists();
        return true;
    });

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        _ = _created.Value;
        return table.Query<TableEntity>(e => e.PartitionKey == Partition)
            .Select(e => XElement.Parse(e.GetString("Xml")))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        _ = _created.Value;
        var rowKey = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;
        try
        {
            table.AddEntity(new TableEntity(Partition, rowKey) { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) });
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            // Another silo stored the same key at the same moment: it is the same key.
        }
    }
}
