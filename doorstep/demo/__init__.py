"""The demo: a sample campaign ("Keep our police station open") for trying Doorstep out."""
