/** The {@code mesh} command: the all-in-one launcher ({@code mesh up --demo}) and ops commands for any cluster. */
package dev.meshbone.cli;
