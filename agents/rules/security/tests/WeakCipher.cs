using System.Security.Cryptography;

class WeakCipher
{
    void Encrypt(byte[] key, byte[] data)
    {
        // ruleid: S021
        using var a = DES.Create();
        // ruleid: S021
        using var b = TripleDES.Create();
        // ruleid: S021
        using var c = RC2.Create();
        // ruleid: S021
        var d = new DESCryptoServiceProvider();
        // ruleid: S021
        var e = new System.Security.Cryptography.TripleDESCryptoServiceProvider();
        using var aes = Aes.Create();
        // ruleid: S021
        aes.Mode = CipherMode.ECB;
        // ruleid: S021
        byte[] f = aes.EncryptEcb(data, PaddingMode.PKCS7);
        // ruleid: S021
        var g = SymmetricAlgorithm.Create("TripleDES");
        // ruleid: S021
        var h = new RijndaelManaged { Mode = System.Security.Cryptography.CipherMode.ECB };
    }

    void Fine(byte[] key, byte[] nonce, byte[] data)
    {
        // ok: S021
        using var a = Aes.Create();
        // ok: S021
        a.Mode = CipherMode.CBC;
        // ok: S021
        using var b = new AesGcm(key, 16);
        // ok: S021
        var c = "DES.Create()";
        // ok: S021
        var d = SymmetricAlgorithm.Create("AES");
    }
}
