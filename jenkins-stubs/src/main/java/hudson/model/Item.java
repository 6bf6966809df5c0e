package hudson.model;

// stubcheck:consume-only
public interface Item {}
