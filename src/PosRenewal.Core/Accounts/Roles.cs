namespace PosRenewal.Core.Accounts;

/// <summary>The signed-in roles, and the claims that tie a user to the merchant or agent they act for.</summary>
public static class Roles
{
    public const string Merchant = nameof(Merchant);
    public const string Agent = nameof(Agent);
    public const string Support = nameof(Support);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Merchant, Agent, Support, Admin];

    public const string MerchantIdClaim = "posrenewal:merchant_id";
    public const string AgentIdClaim = "posrenewal:agent_id";
}
