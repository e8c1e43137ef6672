using System.Security.Cryptography;
using System.Text;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// The API keys of the endpoints (<see cref="WorkflowEndpointsOptions.ApiKeys"/>; the gateway reads them from
/// <c>Gateway:ApiKey</c> and <c>Gateway:ApiKeys</c>). Blank entries are ignored; no key configured = no key required. Keys are compared through their SHA-256 hashes in constant time, against every key, so neither the
/// length nor the content of a guess leaks through timing.
/// </summary>
internal sealed class ApiKeys
{
    private readonly byte[][] _hashes;

    public ApiKeys(IEnumerable<string> keys)
    {
        _hashes = [.. keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Hash(k.Trim()))];
    }

    /// <summary>Whether requests need a key.</summary>
    public bool Required => _hashes.Length > 0;

    /// <summary>Whether <paramref name="candidate"/> is one of the keys.</summary>
    public bool Accepts(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        var hash = Hash(candidate);
        var match = false;
        foreach (var key in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
