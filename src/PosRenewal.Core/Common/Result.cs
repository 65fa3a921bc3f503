namespace PosRenewal.Core.Common;

/// <summary>An expected outcome: a value, or an error code with a message for the user.</summary>
public sealed record Result<T>
{
    private Result(T? value, string? error, string? message)
    {
        Value = value;
        Error = error;
        Message = message;
    }

    public T? Value { get; }

    public string? Error { get; }

    public string? Message { get; }

    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null, null);

    public static Result<T> Fail(string error, string message) => new(default, error, message);
}
