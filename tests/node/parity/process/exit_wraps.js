process.exit(256 + 4);
