package hudson.model;

// stubcheck:consume-only
public interface ItemGroup<T extends Item> {}
