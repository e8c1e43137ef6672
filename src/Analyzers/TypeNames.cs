using Microsoft.CodeAnalysis;

namespace OrleansWorkflows.Analyzers;

/// <summary>Names of framework types, compared as strings (the types may be in any referenced assembly, or none).</summary>
internal static class TypeNames
{
    private static readonly HashSet<string> IoTypes = new(StringComparer.Ordinal)
    {
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
        "System.IO.FileStream", "System.IO.FileSystemWatcher", "System.IO.DriveInfo", "System.IO.RandomAccess",
        "System.Net.WebClient", "System.Net.WebRequest", "System.Net.Dns", "System.Net.HttpListener",
        "System.Data.Common.DbConnection", "System.Data.Common.DbCommand", "System.Data.Common.DbDataReader",
        "System.Data.Common.DbDataSource", "System.Data.Common.DbBatch", "System.Data.IDbConnection", "System.Data.IDbCommand",
    };

    private static readonly string[] IoNamespaces =
    [
        "System.Net.Http", "System.Net.Sockets", "System.Net.WebSockets", "System.Net.NetworkInformation",
        "System.Data.SqlClient", "Microsoft.Data.SqlClient", "Microsoft.Data.Sqlite", "Npgsql", "MySqlConnector", "MySql.Data",
        "Oracle.ManagedDataAccess", "MongoDB.Driver", "StackExchange.Redis", "Microsoft.EntityFrameworkCore", "Dapper",
        "Azure.Storage", "Azure.Data.Tables", "Azure.Messaging", "Microsoft.Azure.Cosmos", "Grpc.Net.Client",
    ];

    /// <summary>The members of <c>System.Environment</c> that depend on the machine or the moment.</summary>
    public static readonly HashSet<string> EnvironmentMembers = new(StringComparer.Ordinal)
    {
        "GetEnvironmentVariable", "GetEnvironmentVariables", "SetEnvironmentVariable", "ExpandEnvironmentVariables",
        "GetCommandLineArgs", "CommandLine", "GetFolderPath", "MachineName", "UserName", "UserDomainName", "CurrentDirectory",
        "ProcessorCount", "TickCount", "TickCount64", "ProcessId", "ProcessPath", "WorkingSet", "CurrentManagedThreadId",
    };

    /// <summary><c>Namespace.Name</c> of a type (metadata name, so generic arity shows as <c>`1</c>).</summary>
    public static string Of(ITypeSymbol? type)
    {
        if (type is null)
        {
            return string.Empty;
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        return type.ContainingType is { } outer ? Of(outer) + "+" + type.MetadataName : ns + type.MetadataName;
    }

    /// <summary>True for a type (or a base or interface of it) that does file, network or database I/O.</summary>
    public static bool IsIo(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType != SpecialType.None)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsIoName(current))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(IsIoName);
    }

    private static bool IsIoName(ITypeSymbol type)
    {
        if (IoTypes.Contains(Of(type.OriginalDefinition)))
        {
            return true;
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
        return IoNamespaces.Any(prefix => ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal));
    }
}
