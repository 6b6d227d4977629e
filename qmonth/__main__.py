from qmonth.entry import main

main()
