package org.carnet.consent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PolicyFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The policy files in {@code policies/consent/} load, packaged or from the operator's folder over them, and a bad one
 * stops the start naming file, line and problem.
 */
class ConsentPoliciesTests {

	private static final String VALID_DEFAULT = """
			grants:
			  default-duration: 90d
			  maximum-duration: 365d
			break-glass:
			  allowed: true
			  duration: 60m
			  person-may-opt-out: true
			  categories: [IDENTITY, ALLERGIES, MEDICATIONS, CONDITIONS]
			share-codes:
			  lifetime: 15m
			consent-requests:
			  lifetime: 14d
			transfers:
			  eu-eea: [DE, GR, IT]
			""";

	@TempDir
	Path policies;

	@Test
	void theShippedPoliciesLoad() {
		ConsentPolicies shipped = ConsentPolicies.load(Path.of("policies"));

		ConsentPolicy fallback = shipped.of(Jurisdiction.of("TR"));
		assertThat(fallback.breakGlassDuration()).isEqualTo(Duration.ofMinutes(60));
		assertThat(fallback.shareCodeLifetime()).isEqualTo(Duration.ofMinutes(15));
		assertThat(fallback.breakGlassCategories()).containsExactlyInAnyOrder(Category.IDENTITY, Category.ALLERGIES,
				Category.MEDICATIONS, Category.CONDITIONS);
		assertThat(fallback.isEuEea(Jurisdiction.of("NO"))).isTrue();
		assertThat(fallback.isEuEea(Jurisdiction.of("TR"))).isFalse();
		assertThat(shipped.of(Jurisdiction.of("GR")).maximumGrantDuration()).isEqualTo(Duration.ofDays(730));
		assertThat(shipped.of(Jurisdiction.of("ES")).personMayOptOutOfBreakGlass()).isFalse();
	}

	@Test
	void aJurisdictionFileOverridesOnlyWhatItNames() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("GR.yaml", """
				break-glass:
				  duration: 120m
				""");

		ConsentPolicy greece = ConsentPolicies.load(policies).of(Jurisdiction.of("GR"));

		assertThat(greece.breakGlassDuration()).isEqualTo(Duration.ofMinutes(120));
		assertThat(greece.defaultGrantDuration()).isEqualTo(Duration.ofDays(90));
		assertThat(greece.sources()).contains("default.yaml").contains("GR.yaml");
	}

	@Test
	void statisticsAreProtectedByDefaultAndAJurisdictionMayAddNoiseWithABudget() throws IOException {
		StatisticsPolicy shipped = ConsentPolicies.load(Path.of("policies")).of(Jurisdiction.of("TR")).statistics();
		assertThat(shipped).isEqualTo(new StatisticsPolicy(11, 5, null, null, Duration.ofDays(30)));

		// a default.yaml written before the statistics section still loads, with the same built-in rules
		write("default.yaml", VALID_DEFAULT);
		write("DE.yaml", """
				statistics:
				  threshold: 20
				  noise-epsilon: 0.5
				  budget-epsilon: 3
				  budget-period: 7d
				""");
		ConsentPolicies loaded = ConsentPolicies.load(policies);
		assertThat(loaded.of(Jurisdiction.of("GR")).statistics()).isEqualTo(shipped);
		assertThat(loaded.of(Jurisdiction.of("DE")).statistics())
			.isEqualTo(new StatisticsPolicy(20, 5, 0.5, 3.0, Duration.ofDays(7)));
	}

	@Test
	void aStatisticsThresholdBelowFiveOrNoiseWithoutABudgetIsRefused() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("IT.yaml", """
				statistics:
				  threshold: 4
				""");
		write("FR.yaml", """
				statistics:
				  noise-epsilon: 1.0
				""");
		write("ES.yaml", """
				statistics:
				  noise-epsilon: 1.0
				  budget-epsilon: 0.5
				  rounding: five
				""");
		assertThatThrownBy(() -> ConsentPolicies.load(policies)).isInstanceOf(InvalidConsentPolicy.class)
			.satisfies(ex -> assertThat(((InvalidConsentPolicy) ex).problems())
				.anySatisfy(p -> assertThat(p).contains("IT.yaml, line 2: statistics.threshold: 4 is outside 5 to 1000"))
				.anySatisfy(p -> assertThat(p).contains("FR.yaml, line 2: statistics.noise-epsilon and "
						+ "statistics.budget-epsilon are both numbers"))
				.anySatisfy(p -> assertThat(p).contains("ES.yaml, line 4: statistics.rounding: 'five' is not a whole "
						+ "number")));
	}

	@Test
	void aBadDurationNamesFileLineAndKey() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("DE.yaml", """
				# Germany
				break-glass:
				  duration: two hours
				""");

		assertThatThrownBy(() -> ConsentPolicies.load(policies)).isInstanceOf(InvalidConsentPolicy.class)
			.hasMessageContaining("DE.yaml, line 3: break-glass.duration: 'two hours' is not a duration");
	}

	@Test
	void restrictionsAreVisibleUnlessAJurisdictionHidesThem() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("FR.yaml", """
				reads:
				  restrictions: hidden
				""");
		write("DE.yaml", """
				reads:
				  restrictions: visible
				""");

		ConsentPolicies loaded = ConsentPolicies.load(policies);

		assertThat(loaded.of(Jurisdiction.of("FR")).restrictionsHidden()).isTrue();
		assertThat(loaded.of(Jurisdiction.of("DE")).restrictionsHidden()).isFalse();
		assertThat(loaded.of(Jurisdiction.of("GR")).restrictionsHidden()).as("default.yaml does not name it").isFalse();
		ConsentPolicies shipped = ConsentPolicies.load(Path.of("policies"));
		assertThat(shipped.of(Jurisdiction.of("FR")).restrictionsHidden()).isTrue();
		assertThat(shipped.of(Jurisdiction.of("GR")).restrictionsHidden()).isFalse();
		assertThat(shipped.of(Jurisdiction.of("TR")).restrictionsHidden()).isFalse();
	}

	@Test
	void restrictionsOtherThanVisibleOrHiddenAreRefusedWithFileAndLine() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("FR.yaml", """
				# France
				reads:
				  restrictions: secret
				""");

		assertThatThrownBy(() -> ConsentPolicies.load(policies)).isInstanceOf(InvalidConsentPolicy.class)
			.hasMessageContaining("FR.yaml, line 3: reads.restrictions: 'secret' is not visible or hidden");
	}

	@Test
	void invalidYamlNamesItsLine() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("IT.yaml", """
				grants:
				  default-duration: 30d
				   maximum-duration: [oops
				""");

		assertThatThrownBy(() -> ConsentPolicies.load(policies)).hasMessageContaining("IT.yaml, line 3: not valid YAML");
	}

	@Test
	void anUnknownKeyIsATypoAndRefused() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("FR.yaml", """
				break-glass:
				  alowed: false
				""");

		assertThatThrownBy(() -> ConsentPolicies.load(policies))
			.hasMessageContaining("FR.yaml, line 2: unknown key 'break-glass.alowed'");
	}

	@Test
	void breakGlassMayNeverOpenSensitiveCategories() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("IT.yaml", """
				break-glass:
				  categories: [IDENTITY, ALLERGIES, MENTAL_HEALTH]
				""");

		assertThatThrownBy(() -> ConsentPolicies.load(policies))
			.hasMessageContaining("IT.yaml, line 2: break-glass.categories: break-glass never opens [MENTAL_HEALTH]");
	}

	@Test
	void aDefaultLongerThanTheMaximumIsRefusedWhereTheMaximumWasSet() throws IOException {
		write("default.yaml", VALID_DEFAULT);
		write("DE.yaml", """
				grants:
				  maximum-duration: 30d
				""");

		assertThatThrownBy(() -> ConsentPolicies.load(policies)).hasMessageContaining(
				"DE.yaml, line 2: grants.default-duration (90d) is longer than grants.maximum-duration (30d)");
	}

	@Test
	void everyProblemIsReportedAtOnce() throws IOException {
		write("default.yaml", VALID_DEFAULT.replace("lifetime: 15m", "lifetime: 15 minutes")
			.replace("allowed: true", "allowed: yes"));
		write("gr.yaml", "grants: {}\n");
		write("GR.yaml", "transfers:\n  eu-eea: [DE, EL]\n");

		assertThatThrownBy(() -> ConsentPolicies.load(policies)).isInstanceOfSatisfying(InvalidConsentPolicy.class,
				ex -> assertThat(ex.problems()).anySatisfy(p -> assertThat(p).contains("default.yaml, line 5: "
						+ "break-glass.allowed: 'yes' is not true or false"))
					.anySatisfy(p -> assertThat(p).contains("default.yaml, line 10: share-codes.lifetime"))
					.anySatisfy(p -> assertThat(p).contains("gr.yaml: the file name must be"))
					.anySatisfy(p -> assertThat(p).contains("GR.yaml, line 2: transfers.eu-eea: 'EL' is not")));
	}

	@Test
	void theDefaultFileMustExistAndSetEveryRule() throws IOException {
		write("DE.yaml", "grants:\n  default-duration: 30d\n");
		assertThatThrownBy(() -> ConsentPolicies.load(policies)).hasMessageContaining("default.yaml: missing");

		write("default.yaml", VALID_DEFAULT.replace("share-codes:\n  lifetime: 15m\n", ""));
		assertThatThrownBy(() -> ConsentPolicies.load(policies))
			.hasMessageContaining("default.yaml: share-codes.lifetime is missing");
	}

	@Test
	void aMissingFolderSaysWhichPropertyToSet() {
		assertThatThrownBy(() -> ConsentPolicies.load(policies.resolve("nowhere")))
			.hasMessageContaining("no such folder (set carnet.policies-dir");
	}

	@Test
	void withoutAPolicyFolderThePackagedPoliciesApply() {
		new ApplicationContextRunner().withUserConfiguration(PoliciesOnly.class)
			.run(context -> {
				ConsentPolicies packaged = context.getBean(ConsentPolicies.class);
				assertThat(packaged.of(Jurisdiction.of("GR")).maximumGrantDuration()).isEqualTo(Duration.ofDays(730));
				assertThat(packaged.of(Jurisdiction.of("GR")).sources()).contains("classpath:policies/consent/default.yaml")
					.contains("classpath:policies/consent/GR.yaml");
				assertThat(packaged.of(Jurisdiction.of("TR")).breakGlassDuration()).isEqualTo(Duration.ofMinutes(60));
			});
	}

	@Test
	void theOperatorsFileReplacesThePackagedFileOfTheSameNameAndOthersAreAdded() throws IOException {
		// replaces the packaged GR.yaml (which lengthens grants to 730 days) as a whole
		write("GR.yaml", "break-glass:\n  duration: 30m\n");
		write("PL.yaml", "share-codes:\n  lifetime: 5m\n");

		new ApplicationContextRunner().withUserConfiguration(PoliciesOnly.class)
			.withPropertyValues("carnet.policies-dir=" + policies)
			.run(context -> {
				ConsentPolicies merged = context.getBean(ConsentPolicies.class);
				ConsentPolicy greece = merged.of(Jurisdiction.of("GR"));
				assertThat(greece.breakGlassDuration()).isEqualTo(Duration.ofMinutes(30));
				assertThat(greece.maximumGrantDuration()).as("the packaged GR.yaml no longer applies")
					.isEqualTo(Duration.ofDays(365));
				assertThat(greece.sources()).contains("classpath:policies/consent/default.yaml")
					.contains(policies.resolve("consent/GR.yaml").toString());
				assertThat(merged.of(Jurisdiction.of("PL")).shareCodeLifetime()).isEqualTo(Duration.ofMinutes(5));
				assertThat(merged.of(Jurisdiction.of("ES")).personMayOptOutOfBreakGlass())
					.as("packaged files without an override still apply")
					.isFalse();
			});
	}

	@Test
	void theEarlierPropertyNameStillNamesTheFolder() throws IOException {
		write("DE.yaml", "break-glass:\n  duration: 45m\n");

		new ApplicationContextRunner().withUserConfiguration(PoliciesOnly.class)
			.withPropertyValues("carnet.policies.dir=" + policies)
			.run(context -> assertThat(context.getBean(ConsentPolicies.class).of(Jurisdiction.of("DE"))
				.breakGlassDuration()).isEqualTo(Duration.ofMinutes(45)));
	}

	@Test
	void aPolicyFolderThatDoesNotExistStopsTheStart() {
		new ApplicationContextRunner().withUserConfiguration(PoliciesOnly.class)
			.withPropertyValues("carnet.policies-dir=" + policies.resolve("nowhere"))
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("carnet.policies-dir is " + policies.resolve("nowhere"))
				.hasMessageContaining("which is not a folder"));
	}

	@Test
	void aBrokenOverrideStopsTheStartNamingItsFile() throws IOException {
		write("GR.yaml", "break-glass:\n  duration: forever\n");

		new ApplicationContextRunner().withUserConfiguration(PoliciesOnly.class)
			.withPropertyValues("carnet.policies-dir=" + policies)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(policies.resolve("consent/GR.yaml")
						+ ", line 2: break-glass.duration: 'forever' is not a duration"));
	}

	@Test
	void aBadFileStopsTheApplicationFromStarting() throws IOException {
		write("default.yaml", VALID_DEFAULT.replace("duration: 60m", "duration: 0m"));

		new ApplicationContextRunner().withUserConfiguration(PoliciesOnly.class)
			.withPropertyValues("carnet.policies-dir=" + policies)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("default.yaml, line 6: break-glass.duration: 0m is outside 5m to 1d"));
	}

	@Test
	void validFilesLetTheApplicationStart() throws IOException {
		write("default.yaml", VALID_DEFAULT);

		new ApplicationContextRunner().withUserConfiguration(PoliciesOnly.class)
			.withPropertyValues("carnet.policies-dir=" + policies)
			.run(context -> assertThat(context.getBean(ConsentPolicies.class).of(Jurisdiction.of("GR"))
				.breakGlassCategories()).isEqualTo(EnumSet.of(Category.IDENTITY, Category.ALLERGIES,
						Category.MEDICATIONS, Category.CONDITIONS)));
	}

	private void write(String name, String content) throws IOException {
		Path consent = policies.resolve("consent");
		Files.createDirectories(consent);
		Files.writeString(consent.resolve(name), content);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PolicyFolder.class)
	@Import(ConsentPolicies.class)
	static class PoliciesOnly {
	}
}
