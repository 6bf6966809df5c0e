package io.jenkins.plugins.pythonmirror.status;

/**
 * The release policy on the status page and in metrics: what it is, and what it withholds right now among the
 * project pages the mirror holds.
 *
 * @param summary the policy in one line
 * @param active whether any rule can withhold a file (an age or a blocked release)
 * @param filesHeldBack upstream files withheld now (too young, unknown age held, or blocked)
 * @param projectsHeldBack projects with at least one withheld file
 * @param filesBlocked of the withheld files, those on the block list
 * @param filesUnknownAge files whose upstream gives no readable upload time (served or not)
 * @param nextRelease ISO-8601 instant the next held file becomes visible, or null
 * @param refusals file downloads refused by the policy since start
 */
public record PolicyStatus(
        String summary,
        boolean active,
        long filesHeldBack,
        long projectsHeldBack,
        long filesBlocked,
        long filesUnknownAge,
        String nextRelease,
        long refusals) {}
