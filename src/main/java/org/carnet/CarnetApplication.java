package org.carnet;

import org.carnet.database.BackupCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

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
}
