using System.Collections.Generic;

class Totals
{
    int Total(int[] prices, List<int> taxes)
    {
        int sum = 0;
        // ruleid: B012
        for (int i = 0; i <= prices.Length; i++)
        {
            sum += prices[i];
        }
        int k;
        // ruleid: B012
        for (k = 0; k <= taxes.Count; k++)
        {
            sum += taxes[k];
        }
        // ok: B012
        for (int i = 0; i < prices.Length; i++)
        {
            sum += prices[i];
        }
        // ok: B012
        for (int i = 0; i <= prices.Length; ++i)
        {
            sum += (i == prices.Length) ? 0 : prices[i];
        }
        return sum;
    }
}
