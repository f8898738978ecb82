#!/usr/bin/env node
// The command's entry point, kept outside dist/ so that npm links it at install time, before
// the first build has produced the code it loads.
import '../dist/bin.js';
