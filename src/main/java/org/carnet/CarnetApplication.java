package org.carnet;

import java.time.Clock;

import org.carnet.database.BackupCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Starts Carnet: the consent-first health record vault. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CarnetApplication {

	public static void main(String[] args) {
		if (BackupCommand.requested(args)) {
			// a backup or restore starts no part of Carnet: the database it copies may be serving a running Carnet
			BackupCommand.runAndExit(args);
			return;
		}
		StopSignals.install();
		SpringApplication.run(CarnetApplication.class, args);
	}

	/**
	 * The one clock every module times its facts by (registrations, grants and their expiry, share codes, erasure
	 * requests, key rotations, the portal's forms): UTC, injected so that a test can construct a service with another.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
