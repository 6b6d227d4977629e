from qmonth.cli import main

main()
