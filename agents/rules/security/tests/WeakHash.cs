using System.Security.Cryptography;
using System.Text;

class WeakHash
{
    byte[] Digest(byte[] data)
    {
        // ruleid: S020
        using var a = MD5.Create();
        // ruleid: S020
        using var b = SHA1.Create();
        // ruleid: S020
        var c = new MD5CryptoServiceProvider();
        // ruleid: S020
        var d = new SHA1Managed();
        // ruleid: S020
        var e = System.Security.Cryptography.MD5.Create();
        // ruleid: S020
        byte[] f = SHA1.HashData(data);
        // ruleid: S020
        var g = HashAlgorithm.Create("MD5");
        // ruleid: S020
        var h = (HashAlgorithm)CryptoConfig.CreateFromName("SHA1");
        // ruleid: S020
        var i = rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        // ruleid: S020
        var j = new System.Security.Cryptography.SHA1CryptoServiceProvider();
        return a.ComputeHash(data);
    }

    byte[] Fine(byte[] data)
    {
        // ok: S020
        using var a = SHA256.Create();
        // ok: S020
        byte[] b = SHA512.HashData(data);
        // ok: S020
        var c = HashAlgorithm.Create("SHA256");
        // ok: S020
        var d = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        // ok: S020
        var e = "MD5.Create()";
        // ok: S020
        var f = new HMACSHA256(key);
        return a.ComputeHash(data);
    }
}
