using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

class WeakKeySize
{
    void Weak()
    {
        // ruleid: S025
        var rsa = new RSACryptoServiceProvider(1024);
        // ruleid: S025
        var dsa = new DSACryptoServiceProvider(512);
        // ruleid: S025
        using RSA rsa2 = RSA.Create(1024);
        // ruleid: S025
        var cng = new System.Security.Cryptography.RSACng(1024);
        RSA rsa3 = RSA.Create();
        // ruleid: S025
        rsa3.KeySize = 1024;
        // ruleid: S025
        var provider = new RSACryptoServiceProvider { KeySize = 1024, PersistKeyInCsp = false };
        // ruleid: S025
        var bc = new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), new SecureRandom(), 1024, 25);
        // ruleid: S025
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.brainpoolP160r1);
        // ruleid: S025
        var curve = ECCurve.CreateFromFriendlyName("secp192r1");
    }

    void Strong(int bits)
    {
        // ok: S025
        var rsa = new RSACryptoServiceProvider(2048);
        // ok: S025
        using RSA rsa2 = RSA.Create(3072);
        // ok: S025
        var rsa3 = new RSACryptoServiceProvider(bits);
        // ok: S025
        rsa2.KeySize = 4096;
        // ok: S025
        var provider = new RSACryptoServiceProvider { KeySize = 2048 };
        // ok: S025
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // ok: S025
        var curve = ECCurve.CreateFromFriendlyName("nistP384");
        using var aes = Aes.Create();
        // ok: S025
        aes.KeySize = 128;
        // ok: S025
        var aes2 = new AesCryptoServiceProvider { KeySize = 256 };
        // ok: S025
        usersAes.KeySize = 128;
        // ruleid: S025
        this._signingRsa.KeySize = 1024;
        // ruleid: S025
        dsaProvider.KeySize = 1024;
    }
}
