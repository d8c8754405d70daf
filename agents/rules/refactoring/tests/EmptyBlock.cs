class EmptyBlock
{
    void Load(Cache cache, string key, System.Collections.Generic.List<string> items)
    {
        if (cache.Contains(key))
        {
            cache.Touch(key);
        }
        // ruleid: R007
        else
        {
        }
        // ok: R007
        if (key == null)
        {
            // nothing to do: the cache fills itself
        }
    }
}
