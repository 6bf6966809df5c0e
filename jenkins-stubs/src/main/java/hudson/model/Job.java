package hudson.model;

// stubcheck:consume-only
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    @SuppressWarnings("rawtypes")
    protected Job(ItemGroup parent, String name) {
        throw new UnsupportedOperationException();
    }

    public final String getFullName() {
        throw new UnsupportedOperationException();
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException();
    }

    public RunT getLastSuccessfulBuild() {
        throw new UnsupportedOperationException();
    }
}
