namespace PosRenewal.Web;

/// <summary>Marker for the one resource set holding every user-facing text (<c>Resources/SharedResource.*.resx</c>).</summary>
public sealed class SharedResource;
