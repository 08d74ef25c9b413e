import OmniRouteCLI
OmniRouteCommand.main()
