package org.carnet.portal;

import org.carnet.consent.Grants;
import org.carnet.identity.Accounts;
import org.carnet.record.Records;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the portal's integration tests share: the server's port, the services that make and change their cast, and
 * the cast itself, made fresh by {@link #newCast()} when the test class wants it (before each test or once).
 */
abstract class PortalTestBase {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Records records;

	@Autowired
	Grants grants;

	PortalTestData data;

	/** A fresh cast with unique user names, kept in {@link #data}. */
	PortalTestData newCast() {
		data = new PortalTestData(accounts, records, grants);
		return data;
	}
}
