/**
 * The Python packaging specifications in plain Java, one class per concept, no I/O.
 *
 * <ul>
 *   <li>{@link io.jenkins.plugins.pythonmirror.pep.ProjectName}: PEP 503 name normalization.
 *   <li>{@link io.jenkins.plugins.pythonmirror.pep.Version}, {@link io.jenkins.plugins.pythonmirror.pep.Specifier},
 *       {@link io.jenkins.plugins.pythonmirror.pep.SpecifierSet}: PEP 440.
 *   <li>{@link io.jenkins.plugins.pythonmirror.pep.Marker}, {@link io.jenkins.plugins.pythonmirror.pep.Requirement}:
 *       PEP 508, with PEP 685 extra normalization.
 *   <li>{@link io.jenkins.plugins.pythonmirror.pep.Tag}, {@link io.jenkins.plugins.pythonmirror.pep.TargetEnvironment}:
 *       PEP 425 tags; manylinux (PEP 513/571/599/600), musllinux (PEP 656), macOS and Windows platforms.
 *   <li>{@link io.jenkins.plugins.pythonmirror.pep.DistributionFilename}: wheels (PEP 427) and sdists (PEP 625 and
 *       legacy forms).
 *   <li>{@link io.jenkins.plugins.pythonmirror.pep.CoreMetadata}: core metadata 1.0–2.4 (PEP 643 reliability).
 * </ul>
 *
 * <p>Every type is built by a static {@code parse(String)}, prints its normal form, and compares by it. Each has
 * its own {@link java.lang.IllegalArgumentException} subclass whose message quotes the input; the PEP 508 parsers
 * also print a caret under the bad position.
 */
package io.jenkins.plugins.pythonmirror.pep;
