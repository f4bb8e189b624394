package org.carnet.identity;

import org.carnet.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh installation without the demo profile gets its first administrator from
 * {@code carnet.identity.bootstrap-admin.*}, once. Its own application context, since the properties differ.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "carnet.identity.bootstrap-admin.username=Root-Admin",
				"carnet.identity.bootstrap-admin.password=first admin password" })
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	IdentitySettings settings;

	@Autowired
	JdbcClient jdbc;

	@Test
	void createsFirstAdministratorWhoCanSignIn(CapturedOutput output) {
		JsonNode claims = Tokens.claims(new Tokens(port).login("root-admin", "first admin password"));
		assertThat(claims.get("roles").toString()).isEqualTo("[\"ADMIN\"]");
		assertThat(claims.has("organisation")).isFalse();
		assertThat(output).contains("Created the bootstrap administrator root-admin")
			.doesNotContain("first admin password");
		assertThat(jdbc.sql("select requester_subject || ' ' || outcome || ' ' || target || ' ' || operation_name "
				+ "from access_events where action = 'USER_CREATED' and target = 'user:root-admin'")
			.query(String.class)
			.list()).as("the first administrator's creation is in the ledger, by Carnet itself")
			.containsExactly("carnet SUCCESS user:root-admin bootstrap-admin");
	}

	@Test
	void createsNoOtherAdministratorOnceOneExists() {
		IdentitySettings other = new IdentitySettings(settings.accessTokenTtl(), settings.activationCodeTtl(),
				settings.portal(),
				new IdentitySettings.BootstrapAdmin("second-admin", "another admin password"));
		new AdminBootstrap(accounts, other).afterSingletonsInstantiated();
		assertThat(jdbc.sql("select username from users where 'ADMIN' = any(roles)").query(String.class).list())
			.containsExactly("root-admin");
	}
}
