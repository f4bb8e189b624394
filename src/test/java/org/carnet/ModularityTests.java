package org.carnet;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of DESIGN.md hold: modules reach each other only through their public API, and only the
 * modules each one declares ({@code allowedDependencies} in its {@code package-info.java}); no cycles.
 */
class ModularityTests {

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
	void writesModuleDocumentation() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}
}
