package hudson;

// stubcheck:consume-only
public abstract class Launcher {
    private Launcher() {
        throw new UnsupportedOperationException();
    }

    public boolean isUnix() {
        throw new UnsupportedOperationException();
    }
}
