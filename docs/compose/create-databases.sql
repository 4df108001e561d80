-- One database per service, as in the local stack.
CREATE DATABASE engine;
CREATE DATABASE workflow;
CREATE DATABASE reporting;
