package org.carnet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts Carnet: the consent-first health record vault. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CarnetApplication {

	public static void main(String[] args) {
		StopSignals.install();
		SpringApplication.run(CarnetApplication.class, args);
	}
}
