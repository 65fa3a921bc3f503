namespace PosRenewal.Infrastructure.Carriers.Simulated;

/// <summary>Settings of the simulated carrier platforms (<c>Carriers:Simulator</c>), used in development and tests.</summary>
public sealed class CarrierSimulatorOptions
{
    public const string Section = "Carriers:Simulator";

    /// <summary>Serve the simulator's endpoints from this process and use it as every carrier's platform.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the simulator is reached; empty means this portal.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>API key the platform requires (a development default is in appsettings.Development.json).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The portal's client gives up on a carrier call after this long.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Faults one simulated carrier injects, switchable at run time through <c>PUT /carrier-sim/faults/{carrier}</c>.
/// </summary>
public sealed record CarrierFaults
{
    /// <summary>Added to every answer.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Share of requests answered 503 (0..1).</summary>
    public double FailureRate { get; init; }

    /// <summary>Share of requests that hang past the client's timeout (0..1).</summary>
    public double TimeoutRate { get; init; }

    /// <summary>Until then every request fails with 503: an outage, then recovery.</summary>
    public DateTimeOffset? DownUntil { get; init; }

    /// <summary>Accept a repeated request id as new (some platforms do); harmless because expiries are absolute.</summary>
    public bool DuplicateAcceptance { get; init; }
}
