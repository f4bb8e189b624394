package org.carnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.DependencyType;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of DESIGN.md hold: modules reach each other only through their public API, and only the
 * modules each one declares ({@code allowedDependencies} in its {@code package-info.java}); no cycles. And the drawings
 * of {@code docs/architecture.md} are the code's own: a test here fails when a module dependency changed and they were
 * not written again (it writes them, to be reviewed and committed).
 */
class ModularityTests {

	/** Spring Modulith's PlantUML diagrams, as committed; {@code docs/architecture.md} links them. */
	static final Path COMMITTED_DIAGRAMS = Path.of("docs", "modules");

	static final Path ARCHITECTURE = Path.of("docs", "architecture.md");

	static final String DIAGRAM_BEGIN =
			"<!-- module diagram: written by ModularityTests from the code, do not edit -->";

	static final String DIAGRAM_END = "<!-- end of module diagram -->";

	private final ApplicationModules modules = ApplicationModules.of(CarnetApplication.class);

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		modules.verify();
	}

	/**
	 * The portal is a client of the API (GraphQL documents run in-process): it never reaches the record, the consent
	 * decision, the keys or the ledger itself. Its {@code allowedDependencies} say the same, so that
	 * {@link #modulesOnlyUseEachOthersPublicApi} fails too.
	 */
	@Test
	void thePortalNeverReachesTheRecordModule() {
		ApplicationModule portal = modules.getModuleByName("portal").orElseThrow();

		assertThat(portal.getDirectDependencies(modules).uniqueModules().map(ApplicationModule::getName))
			.doesNotContain("record", "consent", "keyring", "audit");
	}

	@Test
	void theCommittedModuleDiagramsAreTheCodesOwn() throws IOException {
		Path generated = Path.of("target", "module-diagrams");
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();

		Map<String, String> fresh = contents(generated);
		Map<String, String> committed = contents(COMMITTED_DIAGRAMS);
		assertThat(fresh).as("Documenter wrote the overview and one diagram per module").containsKey("components.puml")
			.hasSize(modules.stream().toList().size() + 1);
		if (!drawn(fresh).equals(drawn(committed))) {
			rewrite(COMMITTED_DIAGRAMS, fresh);
		}
		assertThat(drawn(committed))
			.as("%s was out of date and has been written again from the code: review and commit it", COMMITTED_DIAGRAMS)
			.isEqualTo(drawn(fresh));
	}

	@Test
	void theArchitecturePageDrawsTheModulesAsTheyAre() throws IOException {
		String page = Files.readString(ARCHITECTURE);
		int begin = page.indexOf(DIAGRAM_BEGIN);
		int end = page.indexOf(DIAGRAM_END);
		assertThat(begin).as("%s marks where its module diagram goes", ARCHITECTURE).isNotNegative();
		assertThat(end).as("%s marks where its module diagram ends", ARCHITECTURE).isGreaterThan(begin);

		String drawn = page.substring(begin + DIAGRAM_BEGIN.length(), end);
		String fresh = "\n" + mermaid() + "\n";
		if (!drawn.equals(fresh)) {
			Files.writeString(ARCHITECTURE, page.substring(0, begin + DIAGRAM_BEGIN.length()) + fresh
					+ page.substring(end));
		}
		assertThat(drawn)
			.as("the module diagram of %s was out of date and has been written again from the code: "
					+ "review and commit it", ARCHITECTURE)
			.isEqualTo(fresh);
	}

	/**
	 * The modules and their direct dependencies as a Mermaid flowchart (drawn by GitHub and most Markdown viewers),
	 * each arrow named as Spring Modulith names it: "uses" a bean, "listens to" events (dotted when that is all), or
	 * only "depends on" types. {@code core} is left out: every module uses it.
	 */
	private String mermaid() {
		List<String> lines = new ArrayList<>();
		lines.add("```mermaid");
		lines.add("flowchart LR");
		modules.stream()
			.map(ApplicationModule::getName)
			.filter(name -> !name.equals("core"))
			.sorted()
			.forEach(name -> lines.add("  " + name));
		modules.stream().sorted(Comparator.comparing(ApplicationModule::getName)).forEach(module -> {
			Map<String, Set<DependencyType>> targets = new TreeMap<>();
			module.getDirectDependencies(modules)
				.stream()
				.forEach(dependency -> targets
					.computeIfAbsent(dependency.getTargetModule().getName(),
							name -> EnumSet.noneOf(DependencyType.class))
					.add(dependency.getDependencyType()));
			targets.forEach((target, types) -> {
				if (target.equals("core")) {
					return;
				}
				List<String> names = new ArrayList<>();
				if (types.contains(DependencyType.USES_COMPONENT)) {
					names.add("uses");
				}
				if (types.contains(DependencyType.EVENT_LISTENER)) {
					names.add("listens to");
				}
				if (names.isEmpty()) {
					names.add("depends on");
				}
				String arrow = names.equals(List.of("listens to")) ? " -.->" : " -->";
				lines.add("  " + module.getName() + arrow + "|" + String.join(", ", names) + "| " + target);
			});
		});
		lines.add("```");
		return String.join("\n", lines);
	}

	/** Documenter writes its elements in an order of its own, not always the same: compare what is drawn. */
	private static Map<String, List<String>> drawn(Map<String, String> files) {
		Map<String, List<String>> lines = new TreeMap<>();
		files.forEach((name, content) -> lines.put(name, content.lines().sorted().toList()));
		return lines;
	}

	private static Map<String, String> contents(Path folder) throws IOException {
		Map<String, String> files = new TreeMap<>();
		if (!Files.isDirectory(folder)) {
			return files;
		}
		try (Stream<Path> paths = Files.list(folder)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				files.put(path.getFileName().toString(), Files.readString(path));
			}
		}
		return files;
	}

	private static void rewrite(Path folder, Map<String, String> files) throws IOException {
		Files.createDirectories(folder);
		for (String stale : contents(folder).keySet()) {
			if (!files.containsKey(stale)) {
				Files.delete(folder.resolve(stale));
			}
		}
		for (Map.Entry<String, String> file : files.entrySet()) {
			Files.writeString(folder.resolve(file.getKey()), file.getValue());
		}
	}
}
