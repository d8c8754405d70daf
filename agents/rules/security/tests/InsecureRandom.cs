using System;
using System.Security.Cryptography;

class InsecureRandom
{
    // ruleid: S022
    private static readonly Random Rng = new Random();
    // ruleid: S022
    private readonly Random _seeded = new();

    string Token()
    {
        // ruleid: S022
        var r = new System.Random(Environment.TickCount);
        // ruleid: S022
        int n = Random.Shared.Next(1000);
        return r.Next().ToString() + n + Rng.Next() + _seeded.Next();
    }

    string Fine()
    {
        // ok: S022
        byte[] bytes = RandomNumberGenerator.GetBytes(32);
        // ok: S022
        int n = RandomNumberGenerator.GetInt32(1000);
        // ok: S022
        var s = "new Random()";
        // ok: S022
        var sb = new System.Text.StringBuilder();
        return Convert.ToBase64String(bytes) + n + s + sb;
    }
}
