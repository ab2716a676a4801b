using System.Reflection;
using System.Globalization;
using System.Text;

namespace HubRealtime.Grains.Tests.Contracts;

/// <summary>
/// The wire contracts of an assembly as stable text: every grain interface (alias, key kind, each
/// method's alias and signature), every serialized type (alias, each [Id] member's id, name and type) and
/// every enum (alias, names and values). Only what decides compatibility between two builds, in a fixed
/// order, so a diff against the checked-in snapshot shows exactly what changed on the wire.
/// </summary>
internal static class ContractSnapshot
{
    /// <summary>Written in place of an alias a contract lacks; the snapshot test refuses it.</summary>
    public const string MissingAlias = "<MISSING [Alias]>";

    public static string Describe(params Assembly[] assemblies)
    {
        var sections = new List<(string Key, string Text)>();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => !IsCompilerGenerated(t)))
        {
            if (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type))
            {
                sections.Add(DescribeInterface(type));
            }
            else if (type.IsEnum && type.IsPublic)
            {
                sections.Add(DescribeEnum(type));
            }
            else if (type.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            {
                sections.Add(DescribeSerialized(type));
            }
        }
        var text = new StringBuilder();
        foreach (var (_, section) in sections.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(section);
        }
        return text.ToString();
    }

    private static (string, string) DescribeInterface(Type type)
    {
        var alias = AliasOf(type);
        var keys = type.GetInterfaces()
            .Where(i => i.Namespace == "Orleans" && i.Name.StartsWith("IGrainWith", StringComparison.Ordinal))
            .Select(i => i.Name)
            .Order(StringComparer.Ordinal);
        var text = new StringBuilder($"interface {alias} ({string.Join(", ", keys.DefaultIfEmpty("observer"))})\n");
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => (Alias: AliasOf(m), Method: m))
            .OrderBy(m => m.Alias, StringComparer.Ordinal)
            .ThenBy(m => m.Method.ToString(), StringComparer.Ordinal);
        foreach (var (methodAlias, method) in methods)
        {
            var oneWay = method.GetCustomAttribute<Orleans.Concurrency.OneWayAttribute>() is not null ? " [OneWay]" : "";
            var parameters = string.Join(", ", method.GetParameters().Select(p => $"{NameOf(p.ParameterType)} {p.Name}"));
            text.Append(CultureInfo.InvariantCulture, $"  method {methodAlias}{oneWay}: {NameOf(method.ReturnType)} {method.Name}({parameters})\n");
        }
        return (alias, text.ToString());
    }

    private static (string, string) DescribeSerialized(Type type)
    {
        var alias = AliasOf(type);
        var kind = type.IsValueType ? "struct" : type.GetMethod("<Clone>$") is not null ? "record" : "class";
        var text = new StringBuilder($"{kind} {alias}\n");
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var members = type.GetProperties(all).Select(p => (Member: (MemberInfo)p, Type: p.PropertyType))
            .Concat(type.GetFields(all).Select(f => (Member: (MemberInfo)f, Type: f.FieldType)))
            .Select(m => (m.Member, m.Type, Id: m.Member.GetCustomAttribute<IdAttribute>()))
            .Where(m => m.Id is not null)
            .OrderBy(m => m.Id!.Id);
        foreach (var (member, memberType, id) in members)
        {
            text.Append(CultureInfo.InvariantCulture, $"  id {id!.Id} {member.Name}: {NameOf(memberType)}\n");
        }
        return (alias, text.ToString());
    }

    private static (string, string) DescribeEnum(Type type)
    {
        var alias = AliasOf(type);
        var values = Enum.GetValues(type).Cast<object>()
            .Select(v => $"{Enum.GetName(type, v)}={Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)}");
        return (alias, $"enum {alias}: {string.Join(", ", values)}\n");
    }

    // Not inherited: a derived payload type has its own alias besides its base record's.
    private static string AliasOf(MemberInfo member) => member.GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias
        ?? $"{MissingAlias} {(member is Type t ? t.FullName : $"{member.DeclaringType?.FullName}.{member.Name}")}";

    /// <summary>C#-like, without namespaces: <c>Task&lt;IReadOnlyList&lt;string&gt;&gt;</c>, <c>int?</c>, <c>string[]</c>.</summary>
    private static string NameOf(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return NameOf(underlying) + "?";
        }
        if (type.IsArray)
        {
            return NameOf(type.GetElementType()!) + "[]";
        }
        if (Keyword(type) is { } keyword)
        {
            return keyword;
        }
        if (!type.IsGenericType)
        {
            return type.IsNested ? $"{NameOf(type.DeclaringType!)}.{type.Name}" : type.Name;
        }
        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(NameOf))}>";
    }

    private static string? Keyword(Type type) =>
        type == typeof(string) ? "string" : type == typeof(int) ? "int" : type == typeof(long) ? "long"
        : type == typeof(bool) ? "bool" : type == typeof(byte) ? "byte" : type == typeof(double) ? "double"
        : type == typeof(object) ? "object" : type == typeof(void) ? "void" : null;

    private static bool IsCompilerGenerated(Type type) =>
        type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null
        || type.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) == true;
}
