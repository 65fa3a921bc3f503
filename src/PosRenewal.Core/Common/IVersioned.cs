namespace PosRenewal.Core.Common;

/// <summary>
/// An entity with an optimistic concurrency token the application increments on every update,
/// so the same check works on SQLite and SQL Server (no reliance on rowversion).
/// </summary>
public interface IVersioned
{
    int Version { get; }
}
