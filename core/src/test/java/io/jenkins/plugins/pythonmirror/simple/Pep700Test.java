package io.jenkins.plugins.pythonmirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEP 700 (simple API 1.1): upload-time format, versions, and when a JSON page may claim 1.1. */
class Pep700Test {

    private static final String SHA = "a".repeat(64);

    private static FileEntry file(String name, Long size) {
        return FileEntry.builder(name, "https://x/" + name)
                .hashes(Map.of("sha256", SHA))
                .size(size)
                .build();
    }

    /** PEP 700 "upload-time": yyyy-mm-ddThh:mm:ss.ffffffZ, UTC, the fraction optional with up to 6 digits. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2024-05-06T07:08:09.123456Z     | 2024-05-06T07:08:09.123456Z", // already the form: kept
                "2024-05-06T07:08:09Z            | 2024-05-06T07:08:09Z",
                "2024-05-06T07:08:09.5Z          | 2024-05-06T07:08:09.5Z",
                "2024-05-06T07:08:09.123456789Z  | 2024-05-06T07:08:09.123456Z", // at most 6 digits
                "2024-05-06T07:08:09+00:00       | 2024-05-06T07:08:09Z",
                "2024-05-06T09:08:09+02:00       | 2024-05-06T07:08:09Z", // converted to UTC
                "2024-05-06T07:08:09.250-0100    | 2024-05-06T08:08:09.250000Z",
                "2024-05-06 07:08:09             | 2024-05-06T07:08:09Z", // no zone: taken as UTC
                "2024-05-06T07:08:09.000001      | 2024-05-06T07:08:09.000001Z",
                "2023-02-30T00:00:00Z            | ''", // no such day
                "yesterday                       | ''",
                "''                              | ''",
            })
    void normalizesUploadTime(String given, String expected) {
        assertThat(Pep700.uploadTime(given)).isEqualTo(expected.isEmpty() ? null : expected);
    }

    /**
     * PEP 700 "versions": every file tied to a listed version, each version once; normal PEP 440 forms in order,
     * legacy ones as written after them.
     */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''          | demo-1.0.tar.gz demo-1.0-py3-none-any.whl demo-0.9.zip | 0.9 1.0",
                "1.0.0 2.0   | demo-1.0.tar.gz                                   | 1.0.0 2.0",
                "''          | demo-1.01.tar.gz demo-1.1-py3-none-any.whl         | 1.1",
                "''          | demo-foobar.tar.gz demo-2.0rc1.tar.gz demo-1.0-py2.7.egg | 1.0 2.0rc1 foobar",
                "''          | other-3.0.tar.gz demo-1.0.tar.gz                  | 1.0",
            })
    void listsEveryFilesVersionOnce(String listed, String files, String expected) {
        List<FileEntry> entries =
                Arrays.stream(files.split(" ")).map(n -> file(n, 1L)).toList();
        List<String> given = listed.isEmpty() ? List.of() : List.of(listed.split(" "));
        assertThat(Pep700.versions(ProjectName.parse("demo"), given, entries)).containsExactly(expected.split(" "));
    }

    /** A JSON page says api-version 1.1 only when it can honour PEP 700; else 1.0 (PEP 691). */
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "demo | 1.0 | demo-1.0.tar.gz:5 demo-1.0-py3-none-any.whl:6 | 1.1",
                "demo | 1.0 | demo-1.0.tar.gz:5 demo-1.0-py3-none-any.whl:  | 1.0", // a file without size
                "demo | 1.0 | demo-1.0.tar.gz:5 demo-2.0.tar.gz:5           | 1.0", // 2.0 not listed
                "demo | 1.1 | demo-1.01.tar.gz:5                             | 1.1", // 1.01 is 1.1
                "demo | 1.0 | demo-1.0.win32.exe:5                           | 1.1",
                "demo | 1.0 | setup.exe:5                                    | 1.0", // no version in the name
                "''   | 1.0 | demo-1.0.tar.gz:5                              | 1.0", // no project name
                "demo | ''  | ''                                             | 1.1", // no files
            })
    void claimsApi11OnlyWhenItCanHonourIt(String name, String versions, String files, String expected) {
        List<FileEntry> entries = files.isEmpty()
                ? List.of()
                : Arrays.stream(files.split(" "))
                        .map(f -> f.split(":", -1))
                        .map(p -> file(p[0], p[1].isEmpty() ? null : Long.parseLong(p[1])))
                        .toList();
        ProjectPage page = new ProjectPage(
                name.isEmpty() ? null : name,
                entries,
                versions.isEmpty() ? List.of() : List.of(versions.split(" ")),
                null,
                null,
                null);
        assertThat(Pep700.apiVersion(page)).isEqualTo(expected);
    }

    @Test
    void keepsSizesAndUploadTimesAnEarlierAnswerGaveForTheSameFiles() {
        FileEntry before = file("demo-1.0.tar.gz", 5L).toBuilder()
                .uploadTime("2024-01-01T00:00:00Z")
                .build();
        FileEntry changed = FileEntry.builder("demo-2.0.tar.gz", "https://x/demo-2.0.tar.gz")
                .hashes(Map.of("sha256", "b".repeat(64)))
                .size(7L)
                .build();
        ProjectPage previous = ProjectPage.of("demo", List.of(before, changed));
        FileEntry sameFromHtml = file("demo-1.0.tar.gz", null);
        FileEntry otherBytes = FileEntry.builder("demo-2.0.tar.gz", "https://x/demo-2.0.tar.gz")
                .hashes(Map.of("sha256", "c".repeat(64)))
                .build();
        ProjectPage fetched = ProjectPage.of("demo", List.of(sameFromHtml, otherBytes));

        ProjectPage merged = Pep700.withKnownFileFacts(fetched, previous);
        assertThat(merged.files().get(0).size()).isEqualTo(5L);
        assertThat(merged.files().get(0).uploadTime()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(merged.files().get(1).size())
                .as("other bytes: the old size says nothing")
                .isNull();
        assertThat(Pep700.withKnownFileFacts(fetched, null)).isSameAs(fetched);
    }
}
