namespace OrleansWorkflows.Engine;

/// <summary>
/// Grain references for the engine's hot paths. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the interface's
/// grain type through reflection on every call (a measurable share of an episode); the interface and grain types never
/// change while the process runs, so they are resolved once per interface and the reference is built from the id.
/// </summary>
internal static class GrainReferences
{
    public static T Get<T>(IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        var types = Types<T>.Resolved ??= Resolve(grains.GetGrain<T>(key));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    public static T Get<T>(IGrainFactory grains, long key)
        where T : IGrainWithIntegerKey
    {
        var types = Types<T>.Resolved ??= Resolve(grains.GetGrain<T>(key));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), types.Interface);
    }

    private static (GrainType Grain, GrainInterfaceType Interface) Resolve(IAddressable sample)
    {
        var reference = (GrainReference)sample;
        return (reference.GrainId.Type, reference.InterfaceType);
    }

    private static class Types<T>
    {
        // Written once per process with the same value by whichever caller comes first: a benign race.
        public static (GrainType Grain, GrainInterfaceType Interface)? Resolved;
    }
}
