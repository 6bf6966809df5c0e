package hudson;

public abstract class Launcher {
    public boolean isUnix() {
        throw new UnsupportedOperationException();
    }
}
