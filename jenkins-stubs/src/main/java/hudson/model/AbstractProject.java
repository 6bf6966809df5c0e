package hudson.model;

public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends Run<P, R>> extends Job<P, R> {}
