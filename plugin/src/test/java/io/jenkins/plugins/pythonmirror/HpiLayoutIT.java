package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.init.Initializer;
import hudson.init.Terminator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Opens the built {@code python-mirror.hpi} and checks what a Jenkins 2.555.3 controller reads from it
 * (jenkins-api-facts.md §5 and §7). Runs after {@code package}, under failsafe.
 */
class HpiLayoutIT {

    static final String PKG = "io/jenkins/plugins/pythonmirror/";
    static Path hpi;
    static Path innerJar;
    static List<Class<?>> pluginClasses;

    @TempDir
    static Path temp;

    @BeforeAll
    static void open() throws Exception {
        hpi = Path.of(System.getProperty("hpi.file"));
        assertThat(hpi).isRegularFile();
        innerJar = temp.resolve("python-mirror.jar");
        try (JarFile jar = new JarFile(hpi.toFile())) {
            ZipEntry entry = jar.getEntry("WEB-INF/lib/python-mirror.jar");
            assertThat(entry).as("WEB-INF/lib/python-mirror.jar").isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, innerJar);
            }
        }
        Path classes = Path.of(System.getProperty("classes.dir"));
        pluginClasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                pluginClasses.add(Class.forName(name, false, HpiLayoutIT.class.getClassLoader()));
            }
        }
        assertThat(pluginClasses).isNotEmpty();
    }

    static void assertPluginManifest(Manifest manifest, String which) {
        Attributes a = manifest.getMainAttributes();
        String version = System.getProperty("plugin.version");
        assertThat(a.getValue("Short-Name")).as(which + " Short-Name").isEqualTo("python-mirror");
        assertThat(a.getValue("Long-Name")).as(which).isEqualTo("Python Mirror");
        assertThat(a.getValue("Group-Id")).as(which).isEqualTo("io.jenkins.plugins");
        assertThat(a.getValue("Artifact-Id")).as(which).isEqualTo("python-mirror");
        assertThat(a.getValue("Plugin-Version")).as(which).isEqualTo(version);
        assertThat(a.getValue("Jenkins-Version")).as(which).isEqualTo("2.555.3");
        assertThat(a.getValue("Hudson-Version")).as(which).isEqualTo("2.555.3");
        // workflow-step-api is optional (Pipeline); the library plugins replace jars core would otherwise bundle.
        assertThat(a.getValue("Plugin-Dependencies"))
                .as(which)
                .matches("workflow-step-api:\\d+\\.v[0-9a-f_]+;resolution:=optional"
                        + ",jackson2-api:[^,;]+,caffeine-api:[^,;]+,bouncycastle-api:[^,;]+,commons-lang3-api:[^,;]+");
    }

    @Test
    void hpiAndInnerJarCarryThePluginManifest() throws IOException {
        try (JarFile jar = new JarFile(hpi.toFile())) {
            assertPluginManifest(jar.getManifest(), "the .hpi");
        }
        try (JarFile jar = new JarFile(innerJar.toFile())) {
            // Without these, Jenkins' class filter rejects the plugin's saved configuration (facts §7).
            assertPluginManifest(jar.getManifest(), "WEB-INF/lib/python-mirror.jar");
        }
    }

    @Test
    void everyExtensionIsInTheSezPozIndex() throws IOException {
        Set<String> annotated = new TreeSet<>();
        for (Class<?> c : pluginClasses) {
            if (c.isAnnotationPresent(Extension.class) || hasMember(c, Extension.class)) {
                annotated.add(c.getName());
            }
        }
        assertThat(annotated).contains(PythonMirrorConfiguration.class.getName(), MirrorSyncWork.class.getName());
        Set<String> indexed = new TreeSet<>();
        try (URLClassLoader isolated =
                new URLClassLoader(new URL[] {innerJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, isolated)) {
                indexed.add(item.className());
            }
        }
        assertThat(indexed).isEqualTo(annotated);
    }

    @Test
    void indexedAnnotationListsMatchTheClasses() throws IOException {
        // annotation-indexer cannot run here (see plugin/pom.xml), so these lists are resources; they must not drift.
        for (Class<? extends Annotation> a :
                List.of(Symbol.class, Initializer.class, Terminator.class, ExportedBean.class)) {
            Set<String> annotated = new TreeSet<>();
            for (Class<?> c : pluginClasses) {
                if (c.isAnnotationPresent(a) || hasMember(c, a)) {
                    annotated.add(c.getName());
                }
            }
            String text = entryText(innerJar, "META-INF/annotations/" + a.getName());
            assertThat(text).as("META-INF/annotations/" + a.getName()).isNotNull();
            assertThat(new TreeSet<>(text.lines().filter(l -> !l.isBlank()).toList()))
                    .as(a.getName())
                    .isEqualTo(annotated);
        }
    }

    @Test
    void viewsAndHelpAreWhereJenkinsLooks() throws IOException {
        List<String> expected = new ArrayList<>(List.of(
                "index.jelly",
                PKG + "Messages.properties",
                PKG + "PythonMirrorConfiguration/config.jelly",
                PKG + "UpstreamEntry/config.jelly",
                PKG + "WithPythonMirrorStep/config.jelly",
                PKG + "WithPythonMirrorStep/help.html",
                PKG + "PythonMirrorBuildWrapper/config.jelly",
                PKG + "PythonMirrorManagementLink/index.jelly",
                PKG + "PythonDependenciesAction/index.jelly",
                PKG + "PythonDependenciesAction/summary.jelly"));
        for (Class<?> c : List.of(
                PythonMirrorConfiguration.class,
                UpstreamEntry.class,
                WithPythonMirrorStep.class,
                PythonMirrorBuildWrapper.class)) {
            for (String field : boundFields(c)) {
                expected.add(PKG + c.getSimpleName() + "/help-" + field + ".html");
            }
        }
        try (JarFile jar = new JarFile(innerJar.toFile())) {
            for (String path : expected) {
                assertThat(jar.getEntry(path)).as(path).isNotNull();
            }
        }
    }

    @Test
    void viewsAreWellFormedAndEscapeByDefault() throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        int views = 0;
        try (JarFile jar = new JarFile(innerJar.toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                String name = e.getName();
                if (!(name.endsWith(".jelly") || name.endsWith(".html"))) {
                    continue;
                }
                String text;
                try (InputStream in = jar.getInputStream(e)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (name.endsWith(".jelly")) {
                    views++;
                    assertThat(text).as(name).startsWith("<?jelly escape-by-default='true'?>");
                }
                // Help pages are HTML fragments; as well-formed XML they are also safe for Jenkins' help loader.
                factory.newDocumentBuilder()
                        .parse(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            }
        }
        assertThat(views).isGreaterThanOrEqualTo(6);
    }

    @Test
    void constructorParameterNamesAreCompiledIn() {
        for (Class<?> c : pluginClasses) {
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                    for (Parameter p : k.getParameters()) {
                        assertThat(p.isNamePresent())
                                .as(c.getName() + " (-parameters)")
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void libHoldsThePluginCoreAndCoreDependenciesButNoStandIn() throws IOException {
        Set<String> libs = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        try (JarFile jar = new JarFile(hpi.toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(all::add);
            jar.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
                    .forEach(n -> libs.add(n.substring("WEB-INF/lib/".length())));
        }
        assertThat(all).noneMatch(n -> n.startsWith("WEB-INF/classes/") && n.endsWith(".class"));
        Set<String> expected = new TreeSet<>(Set.of("python-mirror.jar"));
        for (String entry : Files.readString(Path.of(System.getProperty("runtime.classpath")), StandardCharsets.UTF_8)
                .split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                expected.add(artifactIdOf(Path.of(entry.trim())) + ".jar");
            }
        }
        assertThat(libs).isEqualTo(expected).contains("python-mirror-core.jar");
        // Library plugins and Jenkins core provide these; a bundled copy would never be loaded (parent first).
        assertThat(libs)
                .doesNotContain(
                        "jackson-databind.jar",
                        "jackson-core.jar",
                        "snakeyaml.jar",
                        "caffeine.jar",
                        "bcprov-jdk18on.jar",
                        "commons-lang3.jar",
                        "commons-io.jar",
                        "commons-codec.jar",
                        "commons-fileupload2-core.jar",
                        "slf4j-api.jar");
        assertThat(libs)
                .noneMatch(n -> n.contains("stubs")
                        || n.contains("servlet")
                        || n.contains("spring")
                        || n.contains("json-lib")
                        || n.contains("localizer")
                        || n.contains("sezpoz"));
        try (JarInputStream in = new JarInputStream(Files.newInputStream(innerJar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String n = e.getName();
                if (n.endsWith(".class")) {
                    assertThat(n).as("only plugin classes in python-mirror.jar").startsWith(PKG);
                }
            }
        }
    }

    /** ~/.m2/…/<artifactId>/<version>/<file>.jar, or a reactor module's target/<artifactId>-<version>.jar. */
    static String artifactIdOf(Path jar) {
        Path versionDir = jar.getParent();
        if (versionDir != null && versionDir.getFileName().toString().equals("target")) {
            String file = jar.getFileName().toString();
            return file.substring(0, file.indexOf("-" + System.getProperty("plugin.version")));
        }
        return versionDir.getParent().getFileName().toString();
    }

    static Set<String> boundFields(Class<?> c) {
        Set<String> fields = new TreeSet<>();
        for (Method m : c.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class) && m.getName().startsWith("set")) {
                String n = m.getName().substring(3);
                fields.add(Character.toLowerCase(n.charAt(0)) + n.substring(1));
            }
        }
        for (Constructor<?> k : c.getConstructors()) {
            if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : k.getParameters()) {
                    fields.add(p.getName());
                }
            }
        }
        return fields;
    }

    static boolean hasMember(Class<?> c, Class<? extends Annotation> a) {
        List<AccessibleObject> members = new ArrayList<>();
        Collections.addAll(members, c.getDeclaredMethods());
        Collections.addAll(members, c.getDeclaredFields());
        return members.stream().anyMatch(m -> m.isAnnotationPresent(a));
    }

    static String entryText(Path jarPath, String name) throws IOException {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            ZipEntry e = jar.getEntry(name);
            if (e == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
