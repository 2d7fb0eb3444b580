using System;

namespace RootAccess.Aws;

public sealed class IamLoginProfile
{
    public IamLoginProfile(DateTime? createDate, bool passwordResetRequired)
    {
        CreateDate = createDate;
        PasswordResetRequired = passwordResetRequired;
    }

    public DateTime? CreateDate { get; }

    public bool PasswordResetRequired { get; }
}

public sealed class IamMfaDevice
{
    public IamMfaDevice(string serialNumber, DateTime? enableDate)
    {
        SerialNumber = serialNumber;
        EnableDate = enableDate;
    }

    public string SerialNumber { get; }

    public DateTime? EnableDate { get; }

    /// <summary>
    /// Virtual, Hardware or Fido, from the serial IAM reports: a virtual device is an <c>arn:...:mfa/</c> ARN, a FIDO
    /// security key or passkey an <c>arn:...:u2f/</c> ARN, and a hardware TOTP token a bare serial number.
    /// </summary>
    public string Kind => SerialNumber.IndexOf(":u2f/", StringComparison.Ordinal) >= 0 ? "Fido"
        : SerialNumber.StartsWith("arn:", StringComparison.Ordinal) ? "Virtual"
        : "Hardware";
}

public sealed class IamAccessKey
{
    public IamAccessKey(string accessKeyId, string status, DateTime? createDate)
    {
        AccessKeyId = accessKeyId;
        Status = status;
        CreateDate = createDate;
    }

    public string AccessKeyId { get; }

    public string Status { get; }

    public DateTime? CreateDate { get; }

    public bool IsActive => string.Equals(Status, "Active", StringComparison.OrdinalIgnoreCase);
}

public sealed class IamAccessKeyLastUsed
{
    public IamAccessKeyLastUsed(DateTime? lastUsedDate, string? serviceName, string? region)
    {
        LastUsedDate = lastUsedDate;
        ServiceName = serviceName;
        Region = region;
    }

    public DateTime? LastUsedDate { get; }

    public string? ServiceName { get; }

    public string? Region { get; }
}

public sealed class IamSigningCertificate
{
    public IamSigningCertificate(string certificateId, string status, DateTime? uploadDate)
    {
        CertificateId = certificateId;
        Status = status;
        UploadDate = uploadDate;
    }

    public string CertificateId { get; }

    public string Status { get; }

    public DateTime? UploadDate { get; }
}

public sealed class IamUser
{
    public IamUser(string? userId, string? arn, DateTime? createDate, DateTime? passwordLastUsed)
    {
        UserId = userId;
        Arn = arn;
        CreateDate = createDate;
        PasswordLastUsed = passwordLastUsed;
    }

    public string? UserId { get; }

    public string? Arn { get; }

    public DateTime? CreateDate { get; }

    public DateTime? PasswordLastUsed { get; }
}

/// <summary>An IAM user of the calling account (ListUsers).</summary>
public sealed class IamUserSummary
{
    public IamUserSummary(string userName, string arn, DateTime? createDate)
    {
        UserName = userName;
        Arn = arn;
        CreateDate = createDate;
    }

    public string UserName { get; }

    public string Arn { get; }

    public DateTime? CreateDate { get; }
}
