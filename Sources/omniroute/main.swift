import OmniRouteCLI

await OmniRouteCommand.execute()
