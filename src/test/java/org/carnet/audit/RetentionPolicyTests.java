package org.carnet.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.carnet.core.PolicyFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPolicyTests {

	@Test
	void theShippedPolicyKeepsTheTrailAtLeastThreeYears() {
		RetentionPolicy policy = AuditRetention.load(null, PolicyFolder.none(), new DefaultResourceLoader());

		assertThat(policy.keepForYears()).isGreaterThanOrEqualTo(3);
		assertThat(policy.source()).isEqualTo("classpath:policies/audit/retention.yaml");
	}

	@Test
	void theOperatorsPolicyFolderOverridesThePackagedPolicy(@TempDir Path folder) throws IOException {
		Files.createDirectories(folder.resolve("audit"));
		Files.writeString(folder.resolve("audit/retention.yaml"), "access-events:\n  keep-for-years: 10\n");

		RetentionPolicy policy = AuditRetention.load(null, PolicyFolder.of(folder), new DefaultResourceLoader());

		assertThat(policy.keepForYears()).isEqualTo(10);
		assertThat(policy.source()).isEqualTo("file:" + folder.resolve("audit/retention.yaml"));
	}

	@Test
	void aPolicyFolderWithoutARetentionFileKeepsThePackagedOne(@TempDir Path folder) {
		RetentionPolicy policy = AuditRetention.load(null, PolicyFolder.of(folder), new DefaultResourceLoader());

		assertThat(policy.source()).isEqualTo("classpath:policies/audit/retention.yaml");
	}

	@Test
	void aBrokenOverrideIsRefusedNamingItsFile(@TempDir Path folder) throws IOException {
		Files.createDirectories(folder.resolve("audit"));
		Files.writeString(folder.resolve("audit/retention.yaml"), "access-events:\n  keep-for-years: 1\n");

		assertThatThrownBy(() -> AuditRetention.load(null, PolicyFolder.of(folder), new DefaultResourceLoader()))
			.isInstanceOf(RetentionPolicy.InvalidPolicy.class)
			.hasMessageContaining(folder.resolve("audit/retention.yaml") + ", line 2: access-events.keep-for-years is 1");
	}

	@Test
	void readsTheYears() {
		RetentionPolicy policy = RetentionPolicy.parse("access-events:\n  keep-for-years: 3\n", "retention.yaml");

		assertThat(policy.keepForYears()).isEqualTo(3);
	}

	@Test
	void refusesLessThanThreeYearsNamingFileAndLine() {
		assertThatThrownBy(() -> RetentionPolicy.parse("# comment\naccess-events:\n  keep-for-years: 2\n",
				"policies/audit/retention.yaml"))
			.isInstanceOf(RetentionPolicy.InvalidPolicy.class)
			.hasMessage("policies/audit/retention.yaml, line 3: access-events.keep-for-years is 2, but the audit trail "
					+ "must be kept at least 3 years; Carnet does not start with a shorter retention");
	}

	@Test
	void refusesAValueThatIsNotWholeYears() {
		assertThatThrownBy(() -> RetentionPolicy.parse("access-events:\n  keep-for-years: P5Y\n", "r.yaml"))
			.hasMessageContaining("line 2")
			.hasMessageContaining("must be a whole number of years, not 'P5Y'");
	}

	@Test
	void refusesAMisspeltSettingRatherThanIgnoringIt() {
		assertThatThrownBy(() -> RetentionPolicy.parse("access-events:\n  keep-for-year: 10\n", "r.yaml"))
			.hasMessageContaining("line 2: unknown setting 'access-events.keep-for-year'");
	}

	@Test
	void refusesAMissingSetting() {
		assertThatThrownBy(() -> RetentionPolicy.parse("access-events: {}\n", "r.yaml"))
			.hasMessageContaining("access-events.keep-for-years is missing");
	}

	@Test
	void refusesBrokenYaml() {
		assertThatThrownBy(() -> RetentionPolicy.parse("access-events:\n  keep-for-years: [3\n", "r.yaml"))
			.hasMessageContaining("r.yaml, line")
			.hasMessageContaining("not valid YAML");
	}

	@Test
	void saysWhereItLookedWhenThereIsNoPolicy() {
		assertThatThrownBy(() -> AuditRetention.load("file:/nonexistent/retention.yaml", PolicyFolder.none(),
				new DefaultResourceLoader()))
			.hasMessageContaining("No audit retention policy found at file:/nonexistent/retention.yaml");
	}
}
