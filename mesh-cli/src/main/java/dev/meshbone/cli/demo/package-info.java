/** Demo domains for {@code mesh up --demo}: three products publishing realistic records through the SDK, a few bad. */
package dev.meshbone.cli.demo;
