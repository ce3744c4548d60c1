using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace MovieNight.Web.Data;

/// <summary>
/// Data Protection's key files in data/keys, kept 0600: anyone who reads a key can forge a sign-in
/// cookie. The stock repository creates files with the process's umask, so each new key's file is
/// made private as soon as it is written.
/// </summary>
public sealed class PrivateKeyRepository(string directory, ILoggerFactory logs) : IXmlRepository
{
    private readonly FileSystemXmlRepository files = new(new DirectoryInfo(PrivateFiles.CreateDirectory(directory)), logs);

    public IReadOnlyCollection<XElement> GetAllElements() => files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        files.StoreElement(element, friendlyName);
        PrivateFiles.Secure(directory);
    }
}
