using Amazon.Runtime;

// The shape AWS.Tools gives $StoredAWSCredentials (aws/aws-tools-for-powershell, AWSPSCredentials in
// Common/CredentialsArguments.cs): an internal constructor and internal properties. The module reads it by type name
// and reflection, never by reference, so this stand-in of the same full name is what it meets in a real session.
namespace Amazon.PowerShell.Common
{
    public enum CredentialsSource
    {
        Strings,
        Profile,
        CredentialsObject,
        Session,
        InstanceProfile,
        Container,
        Unknown,
    }

    public class AWSPSCredentials
    {
        internal AWSPSCredentials(AWSCredentials credentials, string name, CredentialsSource source)
        {
            Credentials = credentials;
            Name = name;
            Source = source;
        }

        internal AWSCredentials Credentials { get; private set; }

        internal string Name { get; private set; }

        internal CredentialsSource Source { get; private set; }

        public override string ToString() => Name;

        internal static AWSPSCredentials FromProfile(AWSCredentials credentials, string profile) => new(credentials, profile, CredentialsSource.Profile);
    }
}
