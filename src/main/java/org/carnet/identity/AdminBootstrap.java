package org.carnet.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The first administrator of a fresh installation, from {@code carnet.identity.bootstrap-admin.username} and
 * {@code .password} (normally environment variables). Created only while no administrator exists, so the
 * variables can be removed afterwards and changing them later changes nothing.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final Accounts accounts;

	private final IdentitySettings settings;

	AdminBootstrap(Accounts accounts, IdentitySettings settings) {
		this.accounts = accounts;
		this.settings = settings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (accounts.hasAdministrator()) {
			return;
		}
		IdentitySettings.BootstrapAdmin admin = settings.bootstrapAdmin();
		if (!admin.configured()) {
			log.info("No administrator exists yet. To create the first one, start once with "
					+ "CARNET_IDENTITY_BOOTSTRAP_ADMIN_USERNAME and CARNET_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD set.");
			return;
		}
		String username = Credentials.username(admin.username());
		Credentials.checkChosenPassword(admin.password(), username);
		// recorded in the access ledger (USER_CREATED by Carnet itself) in the same transaction
		accounts.createUserIfAbsent(NewUser.admin(username, admin.password(), "Administrator"), "bootstrap-admin");
		if (!accounts.hasAdministrator()) {
			throw new IllegalStateException("Could not create the bootstrap administrator: the user name "
					+ username + " is taken by an account that is not an administrator");
		}
		log.info("Created the bootstrap administrator {}", username);
	}
}
