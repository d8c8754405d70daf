using System;
using System.Collections.Generic;

namespace Shop
{
    public class Billing
    {
        private readonly Dictionary<string, decimal> _balances = new();

        public decimal Balance(string account) => _balances.TryGetValue(account, out var b) ? b : 0m;

        public void Charge(string account, decimal amount, string? reference)
        {
            if (amount <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(amount));
            }
            var current = Balance(account);
            _balances[account] = current - amount;
            Console.WriteLine($"charged {amount} to {account} ({reference ?? "no reference"})");
        }

        public IEnumerable<string> Overdrawn()
        {
            foreach (var pair in _balances)
            {
                if (pair.Value < 0 && !pair.Key.StartsWith("test-"))
                {
                    yield return pair.Key;
                }
            }
        }
    }
}
