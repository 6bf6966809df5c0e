package io.jenkins.plugins.pythonmirror.pep;

/**
 * A marker comparison that has no defined result, e.g. {@code os_name ~= 'posix'} or {@code os_name === 'posix'}
 * ({@code ~=} and {@code ===} on a String field): packaging raises {@code UndefinedComparison} for these.
 */
public class UndefinedComparisonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UndefinedComparisonException(String message) {
        super(message);
    }
}
