from pactwatch.commands import main

main()
