from laget.cli import main

main()
