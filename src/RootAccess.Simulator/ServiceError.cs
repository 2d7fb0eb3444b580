using System;

namespace RootAccess.Simulator;

/// <summary>An error a simulated service answers with, in the service's own shape.</summary>
public sealed class ServiceError : Exception
{
    public ServiceError(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }

    public static ServiceError AccessDenied(string message, string code = "AccessDenied") => new(403, code, message);

    public static ServiceError Validation(string message, string code = "ValidationError") => new(400, code, message);
}
