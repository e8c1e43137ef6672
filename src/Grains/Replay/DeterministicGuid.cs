using System.Security.Cryptography;
using System.Text;

namespace OrleansWorkflows.Replay;

/// <summary>Name-based (version 5, SHA-1) UUIDs, as RFC 4122 defines them.</summary>
internal static class DeterministicGuid
{
    // A fixed namespace for OrleansWorkflows ids (a random v4 UUID chosen once).
    private static readonly Guid Namespace = new("9e6b7a4c-3f1d-4c2a-8b5e-6d0f2a7c1e93");

    public static Guid Create(string name)
    {
        Span<byte> namespaceBytes = stackalloc byte[16];
        Namespace.TryWriteBytes(namespaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        namespaceBytes.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 prescribes for v5 UUIDs; this is not a security use.
        var hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
